namespace RbIdp.Tests.Infrastructure;

/// <summary>Tests that need the whole set of real servers: PostgreSQL, Redis and the S3 server.</summary>
[CollectionDefinition(Name)]
public sealed class UsesServices : ICollectionFixture<PostgresServer>, ICollectionFixture<RedisServer>, ICollectionFixture<S3Server>
{
    public const string Name = "Services";
}

/// <summary>Tests that need the real servers and must run with no other test in the process (they count its allocations).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class UsesServicesAlone : ICollectionFixture<PostgresServer>, ICollectionFixture<RedisServer>, ICollectionFixture<S3Server>
{
    public const string Name = "Services, alone";
}
