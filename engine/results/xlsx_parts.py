"""The fixed parts of a results workbook: the same bytes in every file (those openpyxl 3.1.5 wrote before), so that
a workbook differs from another only by its two sheets."""

from __future__ import annotations

from openpyxl.writer.theme import theme_xml

APP = (
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b'<Application>Microsoft Excel Compatible / Openpyxl 3.1.5</Application><AppVersion>3.1</AppVersion>'
    b'</Properties>'
)

CORE = (
    b'<cp:coreProperties '
    b'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"><dc:creator '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/">openpyxl</dc:creator><dcterms:created '
    b'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    b'xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created><dcterms:modified '
    b'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    b'xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>'
)

STYLES = (
    b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="0"/>'
    b'<fonts count="1"><font><name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/>'
    b'<scheme val="minor"/></font></fonts><fills count="2"><fill><patternFill/></fill><fill><patternFill '
    b'patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/>'
    b'<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
    b'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
    b'pivotButton="0" quotePrefix="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" '
    b'xfId="0" builtinId="0" hidden="0"/></cellStyles><tableStyles count="0" '
    b'defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/><colors><indexedColors>'
    b'<rgbColor rgb="00000000"/><rgbColor rgb="00FFFFFF"/><rgbColor rgb="00FF0000"/><rgbColor '
    b'rgb="0000FF00"/><rgbColor rgb="000000FF"/><rgbColor rgb="00FFFF00"/><rgbColor rgb="00FF00FF"/>'
    b'<rgbColor rgb="0000FFFF"/><rgbColor rgb="00000000"/><rgbColor rgb="00FFFFFF"/><rgbColor '
    b'rgb="00FF0000"/><rgbColor rgb="0000FF00"/><rgbColor rgb="000000FF"/><rgbColor rgb="00FFFF00"/>'
    b'<rgbColor rgb="00FF00FF"/><rgbColor rgb="0000FFFF"/><rgbColor rgb="00800000"/><rgbColor '
    b'rgb="00008000"/><rgbColor rgb="00000080"/><rgbColor rgb="00808000"/><rgbColor rgb="00800080"/>'
    b'<rgbColor rgb="00008080"/><rgbColor rgb="00C0C0C0"/><rgbColor rgb="00808080"/><rgbColor '
    b'rgb="009999FF"/><rgbColor rgb="00993366"/><rgbColor rgb="00FFFFCC"/><rgbColor rgb="00CCFFFF"/>'
    b'<rgbColor rgb="00660066"/><rgbColor rgb="00FF8080"/><rgbColor rgb="000066CC"/><rgbColor '
    b'rgb="00CCCCFF"/><rgbColor rgb="00000080"/><rgbColor rgb="00FF00FF"/><rgbColor rgb="00FFFF00"/>'
    b'<rgbColor rgb="0000FFFF"/><rgbColor rgb="00800080"/><rgbColor rgb="00800000"/><rgbColor '
    b'rgb="00008080"/><rgbColor rgb="000000FF"/><rgbColor rgb="0000CCFF"/><rgbColor rgb="00CCFFFF"/>'
    b'<rgbColor rgb="00CCFFCC"/><rgbColor rgb="00FFFF99"/><rgbColor rgb="0099CCFF"/><rgbColor '
    b'rgb="00FF99CC"/><rgbColor rgb="00CC99FF"/><rgbColor rgb="00FFCC99"/><rgbColor rgb="003366FF"/>'
    b'<rgbColor rgb="0033CCCC"/><rgbColor rgb="0099CC00"/><rgbColor rgb="00FFCC00"/><rgbColor '
    b'rgb="00FF9900"/><rgbColor rgb="00FF6600"/><rgbColor rgb="00666699"/><rgbColor rgb="00969696"/>'
    b'<rgbColor rgb="00003366"/><rgbColor rgb="00339966"/><rgbColor rgb="00003300"/><rgbColor '
    b'rgb="00333300"/><rgbColor rgb="00993300"/><rgbColor rgb="00993366"/><rgbColor rgb="00333399"/>'
    b'<rgbColor rgb="00333333"/></indexedColors></colors></styleSheet>'
)

RELS = (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="xl/workbook.xml" Id="rId1"/><Relationship '
    b'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    b'Target="docProps/core.xml" Id="rId2"/><Relationship '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" '
    b'Target="docProps/app.xml" Id="rId3"/></Relationships>'
)

WORKBOOK = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><workbookPr/>'
    '<workbookProtection/><bookViews><workbookView visibility="visible" minimized="0" '
    'showHorizontalScroll="1" showVerticalScroll="1" showSheetTabs="1" tabRatio="600" firstSheet="0" '
    'activeTab="0" autoFilterDateGrouping="1"/></bookViews><sheets><sheet '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" name="Kết quả" '
    'sheetId="1" state="visible" r:id="rId1"/><sheet '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" name="Lỗi" '
    'sheetId="2" state="visible" r:id="rId2"/></sheets><definedNames/><calcPr calcId="124519" '
    'fullCalcOnLoad="1"/></workbook>'
).encode()

WORKBOOK_RELS = (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    b'Target="/xl/worksheets/sheet1.xml" Id="rId1"/><Relationship '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    b'Target="/xl/worksheets/sheet2.xml" Id="rId2"/><Relationship '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    b'Target="styles.xml" Id="rId3"/><Relationship '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" '
    b'Target="theme/theme1.xml" Id="rId4"/></Relationships>'
)

CONTENT_TYPES = (
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default '
    b'Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default '
    b'Extension="xml" ContentType="application/xml"/><Override PartName="/xl/styles.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override '
    b'PartName="/xl/theme/theme1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override '
    b'PartName="/docProps/core.xml" '
    b'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override '
    b'PartName="/docProps/app.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override '
    b'PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override '
    b'PartName="/xl/worksheets/sheet2.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override '
    b'PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)

THEME = theme_xml.encode()  # openpyxl's own theme, as it writes it

# In the order of the archive: the parts before the two sheets, and those after them.
BEFORE_SHEETS = (("docProps/app.xml", APP), ("docProps/core.xml", CORE), ("xl/theme/theme1.xml", THEME))
AFTER_SHEETS = (("xl/styles.xml", STYLES), ("_rels/.rels", RELS), ("xl/workbook.xml", WORKBOOK),
                ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS), ("[Content_Types].xml", CONTENT_TYPES))
