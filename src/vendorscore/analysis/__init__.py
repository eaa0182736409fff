"""Decision analysis: explain two vendors, weight stability, SMAA-2, rank reversal."""
