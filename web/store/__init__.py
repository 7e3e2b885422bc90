"""What the web application keeps in its database: accounts, files, scores, jobs, packages, the audit log."""
