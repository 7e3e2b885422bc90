"""Gắn mọi tình huống trong các tệp .feature của thư mục này với các bước ở conftest.py."""

from pytest_bdd import scenarios

scenarios(".")
