"""Pure analysis over the canonical frame: RAG, Direction of Travel, summaries, narrative."""
