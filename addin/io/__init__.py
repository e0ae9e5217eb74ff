"""File adapters: safe reading and lossless, surgical writing of .xlsx/.xlsm packages."""
