import Testing

@Suite struct SSHKeysTestsPlaceholder {}
