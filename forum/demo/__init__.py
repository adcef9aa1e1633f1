"""Demo mode: accounts and realistic threads for trying the forum."""
