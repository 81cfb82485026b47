"""The command-line tools."""

from __future__ import annotations

from sqlalchemy import event, select

from app.demo import DEMO_PASSWORD
from app.models import Attempt, CheckIn, CheckInAttempt, Classroom, Enrollment, User


def test_create_teacher_command(runner, db):
    result = runner.invoke(
        args=["create-teacher", "--name", "Ms. R", "--email", "r@school.test"],
        input="long-password\nlong-password\n",
    )
    assert result.exit_code == 0, result.output
    assert db.scalars(select(User.email)).one() == "r@school.test"


def test_create_teacher_refuses_a_taken_email(runner, db):
    args = ["create-teacher", "--name", "Ms. R", "--email", "r@school.test"]
    runner.invoke(args=args, input="long-password\nlong-password\n")
    result = runner.invoke(args=args, input="long-password\nlong-password\n")
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_demo_loads_accounts_and_prints_logins_and_is_repeatable(runner, db):
    first = runner.invoke(args=["demo"])
    second = runner.invoke(args=["demo"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output
    assert "teacher@example.org" in first.output and DEMO_PASSWORD in first.output
    assert len(db.scalars(select(User).where(User.role == "teacher")).all()) == 1
    assert len(db.scalars(select(Classroom)).all()) == 2
    assert len(db.scalars(select(Enrollment)).all()) == 9
    statuses = sorted(a.status for a in db.scalars(select(Attempt)))
    assert statuses == ["in_progress"] * 2 + ["submitted"] * 6
    assert not any(a.is_late for a in db.scalars(select(Attempt)))
    # One check-in: five handed in before, five after, four of them both.
    phases = sorted(a.phase for a in db.scalars(select(CheckInAttempt)))
    assert (len(db.scalars(select(CheckIn)).all()), phases) == (1, ["after"] * 5 + ["before"] * 5)


def test_demo_teacher_can_log_in_and_read_the_check_in_report(runner, client, db):
    runner.invoke(args=["demo"])
    data = {"login": "teacher@example.org", "password": DEMO_PASSWORD}
    assert client.post("/login", data=data).headers["Location"] == "/teacher/"
    check_in = db.scalars(select(CheckIn)).one()
    page = client.get(f"/teacher/check-ins/{check_in.id}").get_data(as_text=True)
    assert "Means over the <strong>4</strong> students who took both" in page


def test_db_upgrade_is_safe_to_run_again(runner):
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output


def test_db_upgrade_has_postgresql_sample_what_the_catch_up_reads_first(app, runner):
    """A database just restored from a dump has no planner statistics: the catch-up's batches
    would be planned as if its tables were empty, so it runs ANALYZE on them first."""
    ran = []
    engine = app.extensions["db_engine"]

    def note(conn, cursor, statement, *args):
        ran.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    finally:
        event.remove(engine, "before_cursor_execute", note)
    analyzed = [statement for statement in ran if statement.startswith("ANALYZE")]
    if engine.dialect.name == "postgresql":
        assert analyzed == ["ANALYZE attempt, assignment, assignment_standing"]
        reads = [i for i, sql in enumerate(ran) if "FROM attempt" in sql and "ANALYZE" not in sql]
        assert reads and ran.index(analyzed[0]) < reads[0]  # before the fill's first read
    else:
        assert analyzed == []  # SQLite plans these reads well without statistics


def test_accounts_reset_password_prints_a_one_time_password(runner, db, client):
    from tests.factories import login, make_student

    make_student(db, username="sam.t")
    result = runner.invoke(args=["accounts", "reset-password", "Sam.T"])
    assert result.exit_code == 0, result.output
    password = result.output.split("One-time password for sam.t: ")[1].split()[0]
    assert login(client, "sam.t", password).headers["Location"] == "/account/password"


def test_accounts_reset_password_refuses_an_unknown_or_teacher_login(runner, db):
    from tests.factories import make_teacher

    make_teacher(db, email="t@school.test")
    for name in ("nobody", "t@school.test"):
        result = runner.invoke(args=["accounts", "reset-password", name])
        assert result.exit_code != 0
        assert "No student has the username" in result.output
