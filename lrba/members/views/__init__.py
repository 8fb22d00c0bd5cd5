"""Member-register pages, split by topic: the public directory and applications."""
