"""Reading files: the YAML 1.2 loader with positions and guards, models, project discovery."""
