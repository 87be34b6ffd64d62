namespace RbIdp.Tests.Infrastructure;

/// <summary>Tests that need the whole set of real servers: PostgreSQL, Redis and the S3 server.</summary>
[CollectionDefinition(Name)]
public sealed class UsesServices : ICollectionFixture<PostgresServer>, ICollectionFixture<RedisServer>, ICollectionFixture<S3Server>
{
    public const string Name = "Services";
}
