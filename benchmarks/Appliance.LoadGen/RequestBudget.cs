namespace Appliance.LoadGen;

/// <summary>Requests left to issue in a level, shared by its workers.</summary>
internal sealed class RequestBudget(int total)
{
    private int _left = total;

    public bool TryTake() => Interlocked.Decrement(ref _left) >= 0;
}
