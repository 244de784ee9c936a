"""The supply context's questions, one module each; the root fields and the fields on accounts and properties read them."""
