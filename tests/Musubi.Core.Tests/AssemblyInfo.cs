using Musubi.Testing;

// The longest collections first (ADR 0047): see RunsLongAttribute on the classes.
[assembly: TestCollectionOrderer(LongRunningFirst.TypeName, LongRunningFirst.AssemblyName)]
