import Testing

@Suite struct CachingTestsPlaceholder {}
