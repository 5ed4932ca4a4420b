"""The printed handouts: the participant workbook, the facilitator guide and the takeaways card
(`output.py`: what each is and the output of a build; `typeset.py`: HTML to PDF in workers).
Templates: `templates/handouts/`."""

from .output import (FOLDER, HANDOUTS, PAPER_SIZES, Handout, HandoutsOutput, Pdf, Worksheet, file_name, handouts_of,
                     page_url, qr_data_uri, render_html, render_pdfs, verify, worksheets, write)

__all__ = ["FOLDER", "HANDOUTS", "PAPER_SIZES", "Handout", "HandoutsOutput", "Pdf", "Worksheet", "file_name",
           "handouts_of", "page_url", "qr_data_uri", "render_html", "render_pdfs", "verify", "worksheets", "write"]
