"""The goods bounded context: goods quotes and purchases."""
