"""Processing: from an uploaded file to read, split, classified and linked documents, and people's corrections."""
