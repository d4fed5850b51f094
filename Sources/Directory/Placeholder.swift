// Placeholder until the Directory target lands.
enum _DirectoryPlaceholder {}
