"""The goods context's questions: one module each; the root fields live in goods.py."""
