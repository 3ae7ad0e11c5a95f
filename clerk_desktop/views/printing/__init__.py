"""Printing (issue 15): the documents, how they reach paper or a PDF, and the windows' actions."""
