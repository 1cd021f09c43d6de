"""peewee on SQLite: opening the database, the tables the registers declare, queries."""
