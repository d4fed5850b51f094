// Placeholder until the SSHKeys target lands.
enum _SSHKeysPlaceholder {}
