using OpenCvSharp;

namespace RbIdp.Pipeline.Stamps;

/// <summary>
/// The outline of a round seal as seen on the page: a circle, or an ellipse when the page was photographed at an
/// angle. <see cref="A"/> and <see cref="B"/> are the semi-axes in pixels, <see cref="Angle"/> the rotation of
/// <see cref="A"/> in radians. Points are addressed by the parameter t (0…2π) and a scale (1: the outline itself).
/// </summary>
internal readonly record struct StampEllipse(double X, double Y, double A, double B, double Angle)
{
    public static StampEllipse Circle(double x, double y, double r) => new(x, y, r, r, 0);

    public double MeanRadius => (A + B) / 2;

    /// <summary>Minor over major semi-axis: 1 for a circle.</summary>
    public double AxisRatio => Math.Min(A, B) / Math.Max(A, B);

    public (double X, double Y) PointAt(double t, double scale)
    {
        var (cos, sin) = (Math.Cos(Angle), Math.Sin(Angle));
        var (u, v) = (A * Math.Cos(t) * scale, B * Math.Sin(t) * scale);
        return (X + (u * cos) - (v * sin), Y + (u * sin) + (v * cos));
    }

    /// <summary>The point's distance from the centre in outline units (1 on the outline) and its parameter angle.</summary>
    public (double Rho, double T) Normalised(double x, double y)
    {
        var (dx, dy) = (x - X, y - Y);
        var (cos, sin) = (Math.Cos(Angle), Math.Sin(Angle));
        var u = ((dx * cos) + (dy * sin)) / A;
        var v = ((-dx * sin) + (dy * cos)) / B;
        return (Math.Sqrt((u * u) + (v * v)), Math.Atan2(v, u));
    }

    public StampEllipse Scaled(double scale) => this with { A = A * scale, B = B * scale };

    public Rect Bounds
    {
        get
        {
            var (cos, sin) = (Math.Cos(Angle), Math.Sin(Angle));
            var halfWidth = Math.Sqrt((A * A * cos * cos) + (B * B * sin * sin));
            var halfHeight = Math.Sqrt((A * A * sin * sin) + (B * B * cos * cos));
            return new Rect((int)Math.Round(X - halfWidth), (int)Math.Round(Y - halfHeight), (int)Math.Round(2 * halfWidth), (int)Math.Round(2 * halfHeight));
        }
    }
}
