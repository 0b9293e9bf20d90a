from datetime import datetime, timedelta, date, timezone
d = datetime(2024, 2, 28, 23, 30)
e = d + timedelta(hours=1, minutes=45)
print(e, repr(e), e.isoformat(), e - d, (e - d).total_seconds(), e > d, e.weekday())
print(d.strftime('%Y-%m-%d %H:%M:%S'), datetime.fromisoformat('2024-01-02T03:04:05').year, date(2024, 3, 1) - timedelta(days=1))
print(timedelta(days=1, seconds=5), timedelta(hours=-1), repr(timedelta(minutes=90)), timedelta(hours=2) * 2, d.replace(day=1).day)
print(datetime.now() > datetime(2020, 1, 1), datetime.now(timezone.utc).tzinfo is not None, date.today().year > 2000)
print(datetime(2024, 1, 1, tzinfo=timezone.utc).isoformat(), datetime.fromtimestamp(0, timezone.utc).year)
