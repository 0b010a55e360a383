"""Batch work over corpora: ingest into a store, locally or on a Dask cluster."""

from presslens.engine.ingest import IngestSummary, ingest

__all__ = ["IngestSummary", "ingest"]
