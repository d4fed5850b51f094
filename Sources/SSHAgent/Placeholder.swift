// Placeholder until the SSHAgent target lands.
enum _SSHAgentPlaceholder {}
