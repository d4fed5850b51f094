// Placeholder until the DirAuthServer target lands.
enum _DirAuthServerPlaceholder {}
