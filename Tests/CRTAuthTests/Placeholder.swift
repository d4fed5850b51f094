import Testing

@Suite struct CRTAuthTestsPlaceholder {}
