"""LawPost kiosk UI: Qt Quick screens, their Python view-models, and the composition root."""
