using System.Runtime.InteropServices;

namespace RbIdp.Pipeline.Ocr.Native;

/// <summary>
/// The part of Tesseract's C API (<c>tesseract/capi.h</c>, Debian's <c>libtesseract.so.5</c>) the service uses.
/// Handles are not thread-safe: one <see cref="TessBaseApiHandle"/> per thread at a time.
/// </summary>
internal static partial class TesseractApi
{
    private const string Library = "libtesseract.so.5";

    /// <summary>Debian's models are LSTM-only: OEM 1.</summary>
    public const int OemLstmOnly = 1;

    /// <summary>The legacy engine; only for the <c>osd</c> model.</summary>
    public const int OemTesseractOnly = 0;

    public const int PsmOsdOnly = 0;

    public const int PsmAuto = 3;

    [LibraryImport(Library)]
    public static partial TessBaseApiHandle TessBaseAPICreate();

    [LibraryImport(Library)]
    public static partial void TessBaseAPIDelete(IntPtr handle);

    [LibraryImport(Library)]
    public static partial void TessBaseAPIEnd(IntPtr handle);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessBaseAPIInit2(TessBaseApiHandle handle, string? datapath, string language, int oem);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessBaseAPISetVariable(TessBaseApiHandle handle, string name, string value);

    [LibraryImport(Library)]
    public static partial void TessBaseAPISetPageSegMode(TessBaseApiHandle handle, int mode);

    [LibraryImport(Library)]
    public static unsafe partial void TessBaseAPISetImage(TessBaseApiHandle handle, byte* imagedata, int width, int height, int bytesPerPixel, int bytesPerLine);

    [LibraryImport(Library)]
    public static partial void TessBaseAPISetRectangle(TessBaseApiHandle handle, int left, int top, int width, int height);

    [LibraryImport(Library)]
    public static partial void TessBaseAPISetSourceResolution(TessBaseApiHandle handle, int ppi);

    [LibraryImport(Library)]
    public static partial int TessBaseAPIRecognize(TessBaseApiHandle handle, TessMonitorHandle monitor);

    [LibraryImport(Library)]
    public static partial IntPtr TessBaseAPIGetUTF8Text(TessBaseApiHandle handle);

    [LibraryImport(Library)]
    public static partial IntPtr TessBaseAPIGetTsvText(TessBaseApiHandle handle, int pageNumber);

    [LibraryImport(Library)]
    public static partial int TessBaseAPIMeanTextConf(TessBaseApiHandle handle);

    [LibraryImport(Library)]
    public static partial void TessBaseAPIClear(TessBaseApiHandle handle);

    [LibraryImport(Library)]
    public static unsafe partial int TessBaseAPIDetectOrientationScript(
        TessBaseApiHandle handle, int* orientDeg, float* orientConf, IntPtr* scriptName, float* scriptConf);

    [LibraryImport(Library)]
    public static partial void TessDeleteText(IntPtr text);

    [LibraryImport(Library)]
    public static partial IntPtr TessVersion();

    [LibraryImport(Library)]
    public static partial TessMonitorHandle TessMonitorCreate();

    [LibraryImport(Library)]
    public static partial void TessMonitorDelete(IntPtr monitor);

    [LibraryImport(Library)]
    public static partial void TessMonitorSetDeadlineMSecs(TessMonitorHandle monitor, int deadline);

    [LibraryImport(Library)]
    public static unsafe partial void TessMonitorSetCancelFunc(TessMonitorHandle monitor, delegate* unmanaged<IntPtr, int, byte> cancelFunc);

    [LibraryImport(Library)]
    public static partial void TessMonitorSetCancelThis(TessMonitorHandle monitor, IntPtr cancelThis);

    /// <summary>Copies a string Tesseract allocated and frees it with <c>TessDeleteText</c>.</summary>
    public static string TakeText(IntPtr text)
    {
        if (text == IntPtr.Zero)
        {
            return string.Empty;
        }

        try
        {
            return Marshal.PtrToStringUTF8(text) ?? string.Empty;
        }
        finally
        {
            TessDeleteText(text);
        }
    }
}

/// <summary>A <c>TessBaseAPI*</c>; released with <c>End</c> + <c>Delete</c>.</summary>
internal sealed class TessBaseApiHandle : NativeHandle
{
    protected override bool ReleaseHandle()
    {
        TesseractApi.TessBaseAPIEnd(handle);
        TesseractApi.TessBaseAPIDelete(handle);
        return true;
    }
}

/// <summary>An <c>ETEXT_DESC*</c> progress monitor carrying the per-page deadline.</summary>
internal sealed class TessMonitorHandle : NativeHandle
{
    protected override bool ReleaseHandle()
    {
        TesseractApi.TessMonitorDelete(handle);
        return true;
    }
}

/// <summary>A pointer owned by a native library; null is invalid.</summary>
internal abstract class NativeHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;
}
