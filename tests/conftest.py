"""Fixtures shared by the tests: the shipped criteria sets, loaded once per session."""

import pytest
from sheet_helpers import TT22, TT24_HUYEN, TT25_XA

from engine.criteria.catalogue import find


@pytest.fixture(scope="session")
def tt22():
    return find(TT22)


@pytest.fixture(scope="session")
def tt25():
    return find(TT25_XA)


@pytest.fixture(scope="session")
def tt24():
    return find(TT24_HUYEN)


from pg_server import postgres_server  # noqa: E402, F401  (session fixture: a PostgreSQL server for the registry tests)
from web_helpers import sqlite_app, web_app  # noqa: E402, F401  (the web application on SQLite and PostgreSQL)
