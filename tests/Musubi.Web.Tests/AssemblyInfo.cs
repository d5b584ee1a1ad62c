using Musubi.Testing;

// The longest collections first (ADR 0047): see RunsLongAttribute on the access matrix, fuzz and concurrency tests.
[assembly: TestCollectionOrderer(LongRunningFirst.TypeName, LongRunningFirst.AssemblyName)]
