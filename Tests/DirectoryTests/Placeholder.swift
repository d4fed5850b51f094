import Testing

@Suite struct DirectoryTestsPlaceholder {}
