import Testing

@Suite struct SSHAgentTestsPlaceholder {}
