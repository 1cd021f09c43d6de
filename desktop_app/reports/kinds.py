"""The kinds of printed report, light enough for the command line to name them without
loading reportlab."""

from desktop_app.domain.l10n import N_

KINDS = ("periodic", "models", "reception", "petitions", "dialogue", "consolidated")
KIND_LABELS = {
    "periodic": N_("Báo cáo kết quả công tác dân vận"),
    "models": N_('Báo cáo phong trào "Dân vận khéo"'),
    "reception": N_("Sổ tiếp công dân (Mẫu số 03)"),
    "petitions": N_("Sổ theo dõi đơn thư, đơn quá hạn"),
    "dialogue": N_("Biên bản đối thoại"),
    "consolidated": N_("Báo cáo tổng hợp các đơn vị"),
}
SAVED_KINDS = ("periodic", "consolidated")  # kept as report records, numbered and made final
DOC_TYPES = {"periodic": "BC", "consolidated": "BC", "models": "BC", "dialogue": "BB"}
