// Placeholder until the CRTAuth target lands.
enum _CRTAuthPlaceholder {}
