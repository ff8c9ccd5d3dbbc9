using System.Text;

namespace Appliance.Core.Logging;

/// <summary>
/// An exception for logs without its messages: the type and stack of it and of every inner
/// exception. Messages of engine and library exceptions can quote their input, so they are
/// logged separately as [PatientData] and erased, while the shape says where it failed.
/// </summary>
public static class ExceptionShape
{
    /// <summary>Types and stack traces, outermost first.</summary>
    public static string Of(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = new StringBuilder();
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (text.Length > 0)
            {
                text.Append(" ---> ");
            }

            text.Append(current.GetType().FullName);
            if (current.StackTrace is { } stack)
            {
                text.AppendLine().Append(stack);
            }
        }

        return text.ToString();
    }

    /// <summary>The messages, outermost first (log only as [PatientData]).</summary>
    public static string Messages(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var messages = new List<string>();
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
        }

        return string.Join(" ---> ", messages);
    }
}
