"""What a user can do, one module per use case, shared by the window and the command line."""
