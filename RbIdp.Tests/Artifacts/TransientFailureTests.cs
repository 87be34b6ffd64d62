using System.Net.Sockets;
using Minio.Exceptions;
using RbIdp.Pipeline.Runs.Storage;

namespace RbIdp.Tests.Artifacts;

public sealed class TransientFailureTests
{
    public static TheoryData<Exception, bool> Failures => new()
    {
        { new HttpRequestException("connection refused", new SocketException((int)SocketError.ConnectionRefused)), true },
        { new InternalServerException("We encountered an internal error"), true },
        { new ConnectionException("connection reset"), true },
        { new TaskCanceledException("the SDK's request timeout elapsed"), true },
        { new UnexpectedMinioException("wrapped", new IOException("broken pipe")), true },
        { new HttpRequestException("S3 answered 503 to a signed GET", null, System.Net.HttpStatusCode.ServiceUnavailable), true },
        { new HttpRequestException("S3 answered 429 to a signed GET", null, System.Net.HttpStatusCode.TooManyRequests), true },
        { new HttpRequestException("S3 answered 403 to a signed GET", null, System.Net.HttpStatusCode.Forbidden), false },
        { new AccessDeniedException("Access Denied"), false },
        { new InvalidObjectNameException("bad name"), false },
        { new ArgumentException("bad key"), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Network_errors_timeouts_and_5xx_are_transient_the_rest_permanent(Exception failure, bool transient)
    {
        Assert.Equal(transient, S3ArtifactStore.IsTransient(failure, CancellationToken.None));
    }

    [Fact]
    public void A_cancellation_the_caller_asked_for_is_not_a_transient_failure()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.False(S3ArtifactStore.IsTransient(new OperationCanceledException(cancelled.Token), cancelled.Token));
    }
}
