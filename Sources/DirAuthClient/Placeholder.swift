// Placeholder until the DirAuthClient target lands.
enum _DirAuthClientPlaceholder {}
