"""The printed handouts: the participant workbook, the facilitator guide and the takeaways card
(`output.py`: what each is and the output of a build; `typeset.py`: HTML to PDF in workers).
Templates: `templates/handouts/`."""

from ..options import PAPER_SIZES
from .output import (FOLDER, GUIDE_PAGE, HANDOUTS, Handout, HandoutsOutput, Pdf, Worksheet, file_name,
                     handouts_of, on_site, page_url, qr_data_uri, render_html, render_pdfs, verify, worksheets, write,
                     write_both)

__all__ = ["FOLDER", "HANDOUTS", "PAPER_SIZES", "Handout", "HandoutsOutput", "Pdf", "Worksheet", "file_name",
           "page_url", "qr_data_uri", "render_html", "render_pdfs", "verify", "worksheets", "write",
           "GUIDE_PAGE", "handouts_of", "on_site", "write_both"]
