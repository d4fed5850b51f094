import Testing

@Suite struct OTPTestsPlaceholder {}
