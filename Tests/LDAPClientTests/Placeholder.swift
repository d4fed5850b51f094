import Testing

@Suite struct LDAPClientTestsPlaceholder {}
