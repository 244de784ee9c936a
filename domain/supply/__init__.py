"""The supply bounded context: house moves, enrollments, product switches and meters."""
