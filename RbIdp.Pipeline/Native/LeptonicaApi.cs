using System.Runtime.InteropServices;

namespace RbIdp.Pipeline.Native;

/// <summary>Leptonica (Debian's <c>liblept.so.5</c>): only what TIFF decoding needs.</summary>
internal static partial class LeptonicaApi
{
    private const string Library = "liblept.so.5";

    [LibraryImport(Library)]
    public static unsafe partial PixHandle pixReadMemTiff(byte* data, nuint size, int page);

    [LibraryImport(Library)]
    public static partial PixHandle pixConvertTo8(PixHandle pix, int colormapFlag);

    [LibraryImport(Library)]
    public static partial void pixDestroy(ref IntPtr pix);

    [LibraryImport(Library)]
    public static partial int pixGetWidth(PixHandle pix);

    [LibraryImport(Library)]
    public static partial int pixGetHeight(PixHandle pix);

    [LibraryImport(Library)]
    public static partial int pixGetDepth(PixHandle pix);

    [LibraryImport(Library)]
    public static partial int pixGetWpl(PixHandle pix);

    [LibraryImport(Library)]
    public static partial int pixGetXRes(PixHandle pix);

    [LibraryImport(Library)]
    public static partial IntPtr pixGetData(PixHandle pix);
}

/// <summary>A leptonica <c>PIX*</c>; released with <c>pixDestroy</c>.</summary>
internal sealed class PixHandle : NativeHandle
{
    protected override bool ReleaseHandle()
    {
        var pix = handle;
        LeptonicaApi.pixDestroy(ref pix);
        return true;
    }
}
