// Placeholder until the Caching target lands.
enum _CachingPlaceholder {}
