namespace RbIdp.Pipeline.Processing;

/// <summary>
/// A fault that may pass on its own (storage or LLM unreachable, a timeout): the job is retried.
/// Problems with the document itself are never exceptions; they become a <c>rejected</c> verdict.
/// </summary>
public class TransientPipelineException : Exception
{
    public TransientPipelineException(string message, Exception? inner = null) : base(message, inner) { }

    public TransientPipelineException() { }

    public TransientPipelineException(string message) : base(message) { }
}
