"""Optional columns: every field but a kind's core ones may be NULL; dim_cadre's columns come from the registry.

Generated with Alembic's autogenerate against the 0001 schema, in batch form so that SQLite can apply it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 02:27:52.323296
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade(store: str) -> None:
    {"analyst": _upgrade_analyst, "restricted": _upgrade_restricted}[store]()


def downgrade(store: str) -> None:
    {"analyst": _downgrade_analyst, "restricted": _downgrade_restricted}[store]()


def _upgrade_analyst() -> None:
    with op.batch_alter_table('dim_cadre') as batch:
        batch.alter_column('name', existing_type=sa.TEXT(), comment='姓名。Full name, spaces removed; the · of minority names kept.', existing_comment='姓名。Name.', existing_nullable=False)
        batch.alter_column('gender', existing_type=sa.VARCHAR(length=4), type_=sa.Text(), nullable=True, comment='性别：男 / 女；无此列时按身份证号。Gender; must agree with the ID number, read from it when absent.', existing_comment='性别。Gender.')
        batch.alter_column('ethnicity', existing_type=sa.VARCHAR(length=20), type_=sa.Text(), nullable=True, comment='民族（GB/T 3304 的 56 个民族）。Ethnic group.', existing_comment='民族。Ethnic group.')
        batch.alter_column('birth_date', existing_type=sa.DATE(), nullable=True, comment='出生年月，精确到月（日记为 1 日）；无此列时按身份证号。Birth month; must agree with the ID number.', existing_comment='出生年月。Birth month.')
        batch.alter_column('id_masked', existing_type=sa.VARCHAR(length=24), comment='脱敏身份证号：居民身份证号码，18 位。National ID number; restricted, never shown to analysts unmasked.', existing_comment='脱敏身份证号。Masked ID number.', existing_nullable=False)
        batch.alter_column('political_status', existing_type=sa.VARCHAR(length=20), type_=sa.Text(), nullable=True, comment='政治面貌（GB/T 4762）。Political status.（变化开启新版本 / a change opens a new version）', existing_comment='政治面貌（变化开启新版本）。Political status.')
        batch.alter_column('party_join_date', existing_type=sa.DATE(), comment='入党时间，仅中共党员和预备党员填写。Date of joining the Party, members only.', existing_comment='入党时间。Date of joining the Party.', existing_nullable=True)
        batch.alter_column('education', existing_type=sa.VARCHAR(length=20), type_=sa.Text(), nullable=True, comment='学历（GB/T 4658 粗分级）。Education level, coarse.（变化开启新版本 / a change opens a new version）', existing_comment='学历（变化开启新版本）。Education level.')
        batch.alter_column('work_start_date', existing_type=sa.DATE(), nullable=True, comment='参加工作时间。Month the cadre started work; for 选调生 also the placement date.', existing_comment='参加工作时间（选调生即安置时间）。Work start.')
        batch.alter_column('unit', existing_type=sa.TEXT(), nullable=True, comment='工作单位。Work unit: office, village or community.（变化开启新版本 / a change opens a new version）', existing_comment='工作单位（变化开启新版本）。Work unit.')
        batch.alter_column('post', existing_type=sa.TEXT(), nullable=True, comment='职务。Post held, e.g. 人大主席, 组织干事.（变化开启新版本 / a change opens a new version）', existing_comment='职务（变化开启新版本）。Post.')
        batch.alter_column('rank', existing_type=sa.TEXT(), comment='职级，如 正科级 / 副科级 / 科员。Civil-service rank.（变化开启新版本 / a change opens a new version）', existing_comment='职级（变化开启新版本）。Rank.', existing_nullable=True)
        batch.alter_column('category', existing_type=sa.VARCHAR(length=20), type_=sa.Text(), nullable=True, comment='干部类别：班子成员 / 一般干部 / 村社干部 / 选调生。Cadre category.（变化开启新版本 / a change opens a new version）', existing_comment='干部类别（变化开启新版本）。Cadre category.')
        batch.alter_column('party_application_date', existing_type=sa.DATE(), comment='递交入党申请书时间（选填）。Date a non-member applied to join the Party, optional.', existing_comment='递交入党申请书时间。Party application date.', existing_nullable=True)
    with op.batch_alter_table('fact_evaluation') as batch:
        batch.alter_column('mentor_key', existing_type=sa.VARCHAR(length=64), nullable=True, comment="HMAC-SHA256 键（由身份证号计算）：导师身份证号；可空，按导师姓名补全。Mentor's ID number, restricted.", existing_comment="HMAC-SHA256 键（由身份证号计算）：导师身份证号。Mentor's ID number, restricted.")
        batch.alter_column('mentee_key', existing_type=sa.VARCHAR(length=64), nullable=True, comment="HMAC-SHA256 键（由身份证号计算）：培养对象身份证号；可空，按姓名补全。Mentee's ID number, restricted.", existing_comment="HMAC-SHA256 键（由身份证号计算）：培养对象身份证号。Mentee's ID number, restricted.")
    with op.batch_alter_table('fact_pairing') as batch:
        batch.alter_column('programme', existing_type=sa.TEXT(), nullable=True, comment='项目：导师引航 / 以新促老 / 挂职锻炼；无此列时按工作表名或文件名。Programme.', existing_comment='项目：导师引航 / 以新促老 / 挂职锻炼。Programme.')
        batch.alter_column('pairing_method', existing_type=sa.TEXT(), nullable=True, existing_comment='结对方式：双向选择 / 组织指定。How the pair was formed.')
        batch.alter_column('start_date', existing_type=sa.DATE(), nullable=True, existing_comment='结对日期。Date the pair was formed.')
    with op.batch_alter_table('fact_training') as batch:
        batch.alter_column('training_type', existing_type=sa.TEXT(), nullable=True, existing_comment='培训类型：干部夜校 / 交流研讨会 / 轮训 / 理论宣讲 / 其他。Kind of session.')
        batch.alter_column('topic', existing_type=sa.TEXT(), nullable=True, existing_comment='主题。Topic of the session.')
        batch.alter_column('trainer', existing_type=sa.TEXT(), nullable=True, existing_comment="主讲人姓名。Trainer's name; a young cadre may be the trainer.")
        batch.alter_column('hours', existing_type=sa.DOUBLE_PRECISION(precision=53), nullable=True, existing_comment='学时，0 < 学时 ≤ 24。Hours credited.')
        batch.alter_column('attendance', existing_type=sa.TEXT(), nullable=True, comment='出勤：出勤 / 缺勤 / 请假；无此列为未知。Attendance; unknown (NULL) when not given.', existing_comment='出勤：出勤 / 缺勤 / 请假。Attendance.')
    with op.batch_alter_table('rec_cadre') as batch:
        batch.alter_column('gender', existing_type=sa.TEXT(), nullable=True, comment='性别：男 / 女；无此列时按身份证号。Gender; must agree with the ID number, read from it when absent.', existing_comment='性别：男 / 女。Gender; must agree with the ID number.')
        batch.alter_column('ethnicity', existing_type=sa.TEXT(), nullable=True, existing_comment='民族（GB/T 3304 的 56 个民族）。Ethnic group.')
        batch.alter_column('birth_date', existing_type=sa.DATE(), nullable=True, comment='出生年月，精确到月（日记为 1 日）；无此列时按身份证号。Birth month; must agree with the ID number.', existing_comment='出生年月，精确到月（日记为 1 日）。Birth month; must agree with the ID number.')
        batch.alter_column('political_status', existing_type=sa.TEXT(), nullable=True, existing_comment='政治面貌（GB/T 4762）。Political status.')
        batch.alter_column('education', existing_type=sa.TEXT(), nullable=True, existing_comment='学历（GB/T 4658 粗分级）。Education level, coarse.')
        batch.alter_column('work_start_date', existing_type=sa.DATE(), nullable=True, existing_comment='参加工作时间。Month the cadre started work; for 选调生 also the placement date.')
        batch.alter_column('unit', existing_type=sa.TEXT(), nullable=True, existing_comment='工作单位。Work unit: office, village or community.')
        batch.alter_column('post', existing_type=sa.TEXT(), nullable=True, existing_comment='职务。Post held, e.g. 人大主席, 组织干事.')
        batch.alter_column('category', existing_type=sa.TEXT(), nullable=True, existing_comment='干部类别：班子成员 / 一般干部 / 村社干部 / 选调生。Cadre category.')
    with op.batch_alter_table('rec_evaluation') as batch:
        batch.alter_column('mentor_key', existing_type=sa.VARCHAR(length=64), nullable=True, comment="HMAC-SHA256 键（由身份证号计算）：导师身份证号；可空，按导师姓名补全。Mentor's ID number, restricted.", existing_comment="HMAC-SHA256 键（由身份证号计算）：导师身份证号。Mentor's ID number, restricted.")
        batch.alter_column('mentor_id_masked', existing_type=sa.VARCHAR(length=24), nullable=True, comment="脱敏身份证号：导师身份证号；可空，按导师姓名补全。Mentor's ID number, restricted.", existing_comment="脱敏身份证号：导师身份证号。Mentor's ID number, restricted.")
        batch.alter_column('mentee_key', existing_type=sa.VARCHAR(length=64), nullable=True, comment="HMAC-SHA256 键（由身份证号计算）：培养对象身份证号；可空，按姓名补全。Mentee's ID number, restricted.", existing_comment="HMAC-SHA256 键（由身份证号计算）：培养对象身份证号。Mentee's ID number, restricted.")
        batch.alter_column('mentee_id_masked', existing_type=sa.VARCHAR(length=24), nullable=True, comment="脱敏身份证号：培养对象身份证号；可空，按姓名补全。Mentee's ID number, restricted.", existing_comment="脱敏身份证号：培养对象身份证号。Mentee's ID number, restricted.")
    with op.batch_alter_table('rec_pairing') as batch:
        batch.alter_column('programme', existing_type=sa.TEXT(), nullable=True, comment='项目：导师引航 / 以新促老 / 挂职锻炼；无此列时按工作表名或文件名。Programme.', existing_comment='项目：导师引航 / 以新促老 / 挂职锻炼。Programme.')
        batch.alter_column('pairing_method', existing_type=sa.TEXT(), nullable=True, existing_comment='结对方式：双向选择 / 组织指定。How the pair was formed.')
        batch.alter_column('start_date', existing_type=sa.DATE(), nullable=True, existing_comment='结对日期。Date the pair was formed.')
    with op.batch_alter_table('rec_training') as batch:
        batch.alter_column('training_type', existing_type=sa.TEXT(), nullable=True, existing_comment='培训类型：干部夜校 / 交流研讨会 / 轮训 / 理论宣讲 / 其他。Kind of session.')
        batch.alter_column('topic', existing_type=sa.TEXT(), nullable=True, existing_comment='主题。Topic of the session.')
        batch.alter_column('trainer', existing_type=sa.TEXT(), nullable=True, existing_comment="主讲人姓名。Trainer's name; a young cadre may be the trainer.")
        batch.alter_column('hours', existing_type=sa.DOUBLE_PRECISION(precision=53), nullable=True, existing_comment='学时，0 < 学时 ≤ 24。Hours credited.')
        batch.alter_column('attendance', existing_type=sa.TEXT(), nullable=True, comment='出勤：出勤 / 缺勤 / 请假；无此列为未知。Attendance; unknown (NULL) when not given.', existing_comment='出勤：出勤 / 缺勤 / 请假。Attendance.')


def _downgrade_analyst() -> None:
    with op.batch_alter_table('rec_training') as batch:
        batch.alter_column('attendance', existing_type=sa.TEXT(), nullable=False, comment='出勤：出勤 / 缺勤 / 请假。Attendance.', existing_comment='出勤：出勤 / 缺勤 / 请假；无此列为未知。Attendance; unknown (NULL) when not given.')
        batch.alter_column('hours', existing_type=sa.DOUBLE_PRECISION(precision=53), nullable=False, existing_comment='学时，0 < 学时 ≤ 24。Hours credited.')
        batch.alter_column('trainer', existing_type=sa.TEXT(), nullable=False, existing_comment="主讲人姓名。Trainer's name; a young cadre may be the trainer.")
        batch.alter_column('topic', existing_type=sa.TEXT(), nullable=False, existing_comment='主题。Topic of the session.')
        batch.alter_column('training_type', existing_type=sa.TEXT(), nullable=False, existing_comment='培训类型：干部夜校 / 交流研讨会 / 轮训 / 理论宣讲 / 其他。Kind of session.')
    with op.batch_alter_table('rec_pairing') as batch:
        batch.alter_column('start_date', existing_type=sa.DATE(), nullable=False, existing_comment='结对日期。Date the pair was formed.')
        batch.alter_column('pairing_method', existing_type=sa.TEXT(), nullable=False, existing_comment='结对方式：双向选择 / 组织指定。How the pair was formed.')
        batch.alter_column('programme', existing_type=sa.TEXT(), nullable=False, comment='项目：导师引航 / 以新促老 / 挂职锻炼。Programme.', existing_comment='项目：导师引航 / 以新促老 / 挂职锻炼；无此列时按工作表名或文件名。Programme.')
    with op.batch_alter_table('rec_evaluation') as batch:
        batch.alter_column('mentee_id_masked', existing_type=sa.VARCHAR(length=24), nullable=False, comment="脱敏身份证号：培养对象身份证号。Mentee's ID number, restricted.", existing_comment="脱敏身份证号：培养对象身份证号；可空，按姓名补全。Mentee's ID number, restricted.")
        batch.alter_column('mentee_key', existing_type=sa.VARCHAR(length=64), nullable=False, comment="HMAC-SHA256 键（由身份证号计算）：培养对象身份证号。Mentee's ID number, restricted.", existing_comment="HMAC-SHA256 键（由身份证号计算）：培养对象身份证号；可空，按姓名补全。Mentee's ID number, restricted.")
        batch.alter_column('mentor_id_masked', existing_type=sa.VARCHAR(length=24), nullable=False, comment="脱敏身份证号：导师身份证号。Mentor's ID number, restricted.", existing_comment="脱敏身份证号：导师身份证号；可空，按导师姓名补全。Mentor's ID number, restricted.")
        batch.alter_column('mentor_key', existing_type=sa.VARCHAR(length=64), nullable=False, comment="HMAC-SHA256 键（由身份证号计算）：导师身份证号。Mentor's ID number, restricted.", existing_comment="HMAC-SHA256 键（由身份证号计算）：导师身份证号；可空，按导师姓名补全。Mentor's ID number, restricted.")
    with op.batch_alter_table('rec_cadre') as batch:
        batch.alter_column('category', existing_type=sa.TEXT(), nullable=False, existing_comment='干部类别：班子成员 / 一般干部 / 村社干部 / 选调生。Cadre category.')
        batch.alter_column('post', existing_type=sa.TEXT(), nullable=False, existing_comment='职务。Post held, e.g. 人大主席, 组织干事.')
        batch.alter_column('unit', existing_type=sa.TEXT(), nullable=False, existing_comment='工作单位。Work unit: office, village or community.')
        batch.alter_column('work_start_date', existing_type=sa.DATE(), nullable=False, existing_comment='参加工作时间。Month the cadre started work; for 选调生 also the placement date.')
        batch.alter_column('education', existing_type=sa.TEXT(), nullable=False, existing_comment='学历（GB/T 4658 粗分级）。Education level, coarse.')
        batch.alter_column('political_status', existing_type=sa.TEXT(), nullable=False, existing_comment='政治面貌（GB/T 4762）。Political status.')
        batch.alter_column('birth_date', existing_type=sa.DATE(), nullable=False, comment='出生年月，精确到月（日记为 1 日）。Birth month; must agree with the ID number.', existing_comment='出生年月，精确到月（日记为 1 日）；无此列时按身份证号。Birth month; must agree with the ID number.')
        batch.alter_column('ethnicity', existing_type=sa.TEXT(), nullable=False, existing_comment='民族（GB/T 3304 的 56 个民族）。Ethnic group.')
        batch.alter_column('gender', existing_type=sa.TEXT(), nullable=False, comment='性别：男 / 女。Gender; must agree with the ID number.', existing_comment='性别：男 / 女；无此列时按身份证号。Gender; must agree with the ID number, read from it when absent.')
    with op.batch_alter_table('fact_training') as batch:
        batch.alter_column('attendance', existing_type=sa.TEXT(), nullable=False, comment='出勤：出勤 / 缺勤 / 请假。Attendance.', existing_comment='出勤：出勤 / 缺勤 / 请假；无此列为未知。Attendance; unknown (NULL) when not given.')
        batch.alter_column('hours', existing_type=sa.DOUBLE_PRECISION(precision=53), nullable=False, existing_comment='学时，0 < 学时 ≤ 24。Hours credited.')
        batch.alter_column('trainer', existing_type=sa.TEXT(), nullable=False, existing_comment="主讲人姓名。Trainer's name; a young cadre may be the trainer.")
        batch.alter_column('topic', existing_type=sa.TEXT(), nullable=False, existing_comment='主题。Topic of the session.')
        batch.alter_column('training_type', existing_type=sa.TEXT(), nullable=False, existing_comment='培训类型：干部夜校 / 交流研讨会 / 轮训 / 理论宣讲 / 其他。Kind of session.')
    with op.batch_alter_table('fact_pairing') as batch:
        batch.alter_column('start_date', existing_type=sa.DATE(), nullable=False, existing_comment='结对日期。Date the pair was formed.')
        batch.alter_column('pairing_method', existing_type=sa.TEXT(), nullable=False, existing_comment='结对方式：双向选择 / 组织指定。How the pair was formed.')
        batch.alter_column('programme', existing_type=sa.TEXT(), nullable=False, comment='项目：导师引航 / 以新促老 / 挂职锻炼。Programme.', existing_comment='项目：导师引航 / 以新促老 / 挂职锻炼；无此列时按工作表名或文件名。Programme.')
    with op.batch_alter_table('fact_evaluation') as batch:
        batch.alter_column('mentee_key', existing_type=sa.VARCHAR(length=64), nullable=False, comment="HMAC-SHA256 键（由身份证号计算）：培养对象身份证号。Mentee's ID number, restricted.", existing_comment="HMAC-SHA256 键（由身份证号计算）：培养对象身份证号；可空，按姓名补全。Mentee's ID number, restricted.")
        batch.alter_column('mentor_key', existing_type=sa.VARCHAR(length=64), nullable=False, comment="HMAC-SHA256 键（由身份证号计算）：导师身份证号。Mentor's ID number, restricted.", existing_comment="HMAC-SHA256 键（由身份证号计算）：导师身份证号；可空，按导师姓名补全。Mentor's ID number, restricted.")
    with op.batch_alter_table('dim_cadre') as batch:
        batch.alter_column('party_application_date', existing_type=sa.DATE(), comment='递交入党申请书时间。Party application date.', existing_comment='递交入党申请书时间（选填）。Date a non-member applied to join the Party, optional.', existing_nullable=True)
        batch.alter_column('category', existing_type=sa.Text(), type_=sa.VARCHAR(length=20), nullable=False, comment='干部类别（变化开启新版本）。Cadre category.', existing_comment='干部类别：班子成员 / 一般干部 / 村社干部 / 选调生。Cadre category.（变化开启新版本 / a change opens a new version）')
        batch.alter_column('rank', existing_type=sa.TEXT(), comment='职级（变化开启新版本）。Rank.', existing_comment='职级，如 正科级 / 副科级 / 科员。Civil-service rank.（变化开启新版本 / a change opens a new version）', existing_nullable=True)
        batch.alter_column('post', existing_type=sa.TEXT(), nullable=False, comment='职务（变化开启新版本）。Post.', existing_comment='职务。Post held, e.g. 人大主席, 组织干事.（变化开启新版本 / a change opens a new version）')
        batch.alter_column('unit', existing_type=sa.TEXT(), nullable=False, comment='工作单位（变化开启新版本）。Work unit.', existing_comment='工作单位。Work unit: office, village or community.（变化开启新版本 / a change opens a new version）')
        batch.alter_column('work_start_date', existing_type=sa.DATE(), nullable=False, comment='参加工作时间（选调生即安置时间）。Work start.', existing_comment='参加工作时间。Month the cadre started work; for 选调生 also the placement date.')
        batch.alter_column('education', existing_type=sa.Text(), type_=sa.VARCHAR(length=20), nullable=False, comment='学历（变化开启新版本）。Education level.', existing_comment='学历（GB/T 4658 粗分级）。Education level, coarse.（变化开启新版本 / a change opens a new version）')
        batch.alter_column('party_join_date', existing_type=sa.DATE(), comment='入党时间。Date of joining the Party.', existing_comment='入党时间，仅中共党员和预备党员填写。Date of joining the Party, members only.', existing_nullable=True)
        batch.alter_column('political_status', existing_type=sa.Text(), type_=sa.VARCHAR(length=20), nullable=False, comment='政治面貌（变化开启新版本）。Political status.', existing_comment='政治面貌（GB/T 4762）。Political status.（变化开启新版本 / a change opens a new version）')
        batch.alter_column('id_masked', existing_type=sa.VARCHAR(length=24), comment='脱敏身份证号。Masked ID number.', existing_comment='脱敏身份证号：居民身份证号码，18 位。National ID number; restricted, never shown to analysts unmasked.', existing_nullable=False)
        batch.alter_column('birth_date', existing_type=sa.DATE(), nullable=False, comment='出生年月。Birth month.', existing_comment='出生年月，精确到月（日记为 1 日）；无此列时按身份证号。Birth month; must agree with the ID number.')
        batch.alter_column('ethnicity', existing_type=sa.Text(), type_=sa.VARCHAR(length=20), nullable=False, comment='民族。Ethnic group.', existing_comment='民族（GB/T 3304 的 56 个民族）。Ethnic group.')
        batch.alter_column('gender', existing_type=sa.Text(), type_=sa.VARCHAR(length=4), nullable=False, comment='性别。Gender.', existing_comment='性别：男 / 女；无此列时按身份证号。Gender; must agree with the ID number, read from it when absent.')
        batch.alter_column('name', existing_type=sa.TEXT(), comment='姓名。Name.', existing_comment='姓名。Full name, spaces removed; the · of minority names kept.', existing_nullable=False)


def _upgrade_restricted() -> None:
    pass


def _downgrade_restricted() -> None:
    pass
