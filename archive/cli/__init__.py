"""The `hoso` command line and what its commands share.

The command modules import what a command needs inside that command: a start that loads every
room (OpenCV, Tesseract, the classifier's scikit-learn, the search engine, openpyxl) takes about
twice as long as `hoso --help` does with only the command table (3.4 s against 1.8 s on this
2-core machine), and most commands need one or two rooms. Modules elsewhere import at the top.
"""
