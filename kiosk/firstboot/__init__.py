"""First-boot set-up of a kiosk (the wizard's rules and storage) and the screen's sleep schedule."""
