"""Building salesdesk.xlam on any OS, byte-reproducibly (`salesdesk addin build`).

ovba: MS-OVBA compression of module source; cfb: a small MS-CFB v3 writer;
vba_project: the vbaProject.bin (source-only: Excel recompiles on load);
package: the .xlam zip (workbook, customUI ribbon, content types) and its checks.
"""
