namespace RbIdp.Pipeline.Verdicts;

/// <summary>What was seen, and where: a text snippet, a page, a bounding box.</summary>
public sealed record Evidence(int? Page = null, string? Text = null, BoundingBox? Box = null);

/// <summary>An axis-aligned box in page pixels (origin top-left).</summary>
public sealed record BoundingBox(int X, int Y, int Width, int Height);

/// <summary>One finding of a check (DOMAIN.md §3).</summary>
public sealed record CheckError(ErrorCode Code, Severity Severity, string Message, ErrorSource Source, Evidence? Evidence = null);
