"""Initial warehouse schema: manifest, rejected rows, records, dim_cadre, facts, conflicts; restricted identity.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade(store: str) -> None:
    {"analyst": _upgrade_analyst, "restricted": _upgrade_restricted}[store]()


def downgrade(store: str) -> None:
    {"analyst": _downgrade_analyst, "restricted": _downgrade_restricted}[store]()


def _upgrade_analyst() -> None:
    op.create_table('dim_cadre',
    sa.Column('cadre_version_id', sa.Integer(), nullable=False, comment='版本号。Version id.'),
    sa.Column('cadre_key', sa.String(length=64), nullable=False, comment='干部键：身份证号的 HMAC-SHA256。One key per real person.'),
    sa.Column('id_masked', sa.String(length=24), nullable=False, comment='脱敏身份证号。Masked ID number.'),
    sa.Column('name', sa.Text(), nullable=False, comment='姓名。Name.'),
    sa.Column('gender', sa.String(length=4), nullable=False, comment='性别。Gender.'),
    sa.Column('ethnicity', sa.String(length=20), nullable=False, comment='民族。Ethnic group.'),
    sa.Column('birth_date', sa.Date(), nullable=False, comment='出生年月。Birth month.'),
    sa.Column('political_status', sa.String(length=20), nullable=False, comment='政治面貌（变化开启新版本）。Political status.'),
    sa.Column('party_join_date', sa.Date(), nullable=True, comment='入党时间。Date of joining the Party.'),
    sa.Column('party_application_date', sa.Date(), nullable=True, comment='递交入党申请书时间。Party application date.'),
    sa.Column('education', sa.String(length=20), nullable=False, comment='学历（变化开启新版本）。Education level.'),
    sa.Column('work_start_date', sa.Date(), nullable=False, comment='参加工作时间（选调生即安置时间）。Work start.'),
    sa.Column('township_key', sa.String(length=200), nullable=False, comment='乡镇键（变化开启新版本）。Township key.'),
    sa.Column('district', sa.String(length=100), nullable=False, comment='区县（上级文件夹）。District folder.'),
    sa.Column('township', sa.String(length=100), nullable=False, comment='乡镇/街道（文件夹）。Township or street office folder.'),
    sa.Column('unit', sa.Text(), nullable=False, comment='工作单位（变化开启新版本）。Work unit.'),
    sa.Column('post', sa.Text(), nullable=False, comment='职务（变化开启新版本）。Post.'),
    sa.Column('rank', sa.Text(), nullable=True, comment='职级（变化开启新版本）。Rank.'),
    sa.Column('category', sa.String(length=20), nullable=False, comment='干部类别（变化开启新版本）。Cadre category.'),
    sa.Column('valid_from', sa.DateTime(), nullable=False, comment='版本生效时间（UTC，入库时间）。Version valid from.'),
    sa.Column('valid_to', sa.DateTime(), nullable=True, comment='版本失效时间；当前版本为空。Valid to; NULL when current.'),
    sa.Column('is_current', sa.Boolean(), nullable=False, comment='是否当前版本。Current version.'),
    sa.Column('record_id', sa.Integer(), nullable=False, comment='确立该版本的 rec_cadre 记录。Record that set it.'),
    sa.Column('file_sha256', sa.String(length=64), nullable=False, comment='来源文件 SHA-256。sha256 of the source file version.'),
    sa.Column('sheet', sa.String(length=200), nullable=False, comment='来源工作表。Sheet name (a CSV file is one sheet).'),
    sa.Column('source_row', sa.Integer(), nullable=False, comment='来源 Excel 行号。Excel row number in the sheet.'),
    sa.PrimaryKeyConstraint('cadre_version_id', name=op.f('pk_dim_cadre')),
    comment='干部维度（缓慢变化维 2 型）：一人多版本，至多一个当前版本。Cadres, SCD type 2.'
    )
    op.create_index(op.f('ix_dim_cadre_cadre_key_is_current'), 'dim_cadre', ['cadre_key', 'is_current'], unique=False)
    op.create_table('dim_township',
    sa.Column('township_key', sa.String(length=200), nullable=False, comment='乡镇键。Township key <district>/<township>.'),
    sa.Column('district', sa.String(length=100), nullable=False, comment='区县（上级文件夹）。District folder.'),
    sa.Column('township', sa.String(length=100), nullable=False, comment='乡镇/街道（文件夹）。Township or street office folder.'),
    sa.Column('township_type', sa.String(length=20), nullable=True, comment='按名称结尾：街道办事处 / 乡镇；其他为空。Office type.'),
    sa.Column('first_received_at', sa.DateTime(), nullable=False, comment='首次入库时间（UTC）。First load.'),
    sa.PrimaryKeyConstraint('township_key', name=op.f('pk_dim_township')),
    comment='乡镇与街道：每个报送文件夹一行。One row per drop folder.'
    )
    op.create_table('etl_conflict',
    sa.Column('conflict_id', sa.Integer(), nullable=False, comment='冲突号。Conflict id.'),
    sa.Column('cadre_key', sa.String(length=64), nullable=False, comment='干部键。Cadre key.'),
    sa.Column('attribute', sa.String(length=20), nullable=False, comment='不一致的属性：name/gender/birth_date/ethnicity。'),
    sa.Column('value_a', sa.Text(), nullable=True, comment='来源 A 的值（当前采用的记录）。Value in source A (the one used).'),
    sa.Column('township_key_a', sa.String(length=200), nullable=False, comment='来源 A 乡镇。Township of source A.'),
    sa.Column('file_sha256_a', sa.String(length=64), nullable=False, comment='来源 A 文件。File of source A.'),
    sa.Column('sheet_a', sa.String(length=200), nullable=False, comment='来源 A 工作表。Sheet of source A.'),
    sa.Column('source_row_a', sa.Integer(), nullable=False, comment='来源 A 行号。Excel row of source A.'),
    sa.Column('value_b', sa.Text(), nullable=True, comment='来源 B 的值。Value in source B.'),
    sa.Column('township_key_b', sa.String(length=200), nullable=False, comment='来源 B 乡镇。Township of source B.'),
    sa.Column('file_sha256_b', sa.String(length=64), nullable=False, comment='来源 B 文件。File of source B.'),
    sa.Column('sheet_b', sa.String(length=200), nullable=False, comment='来源 B 工作表。Sheet of source B.'),
    sa.Column('source_row_b', sa.Integer(), nullable=False, comment='来源 B 行号。Excel row of source B.'),
    sa.Column('detected_at', sa.DateTime(), nullable=False, comment='发现时间（UTC）。When detected.'),
    sa.Column('resolved_at', sa.DateTime(), nullable=True, comment='消除时间；未消除为空。When it went away.'),
    sa.PrimaryKeyConstraint('conflict_id', name=op.f('pk_etl_conflict')),
    comment='同一人在不同来源中出生年月、性别、姓名或民族不一致。Disagreements between sources.'
    )
    op.create_index(op.f('ix_etl_conflict_cadre_key'), 'etl_conflict', ['cadre_key'], unique=False)
    op.create_table('etl_manifest',
    sa.Column('manifest_id', sa.Integer(), nullable=False, comment='清单行号。Manifest row id.'),
    sa.Column('township_key', sa.String(length=200), nullable=False, comment='乡镇键 <区县>/<乡镇>。Township key.'),
    sa.Column('district', sa.String(length=100), nullable=False, comment='区县（上级文件夹）。District folder.'),
    sa.Column('township', sa.String(length=100), nullable=False, comment='乡镇/街道（文件夹）。Township or street office folder.'),
    sa.Column('kind', sa.String(length=20), nullable=False, comment='记录类别（cadres/pairings/evaluations/trainings/unclassified）。'),
    sa.Column('path', sa.Text(), nullable=False, comment='读取时的文件路径。File path as read.'),
    sa.Column('relative_path', sa.Text(), nullable=False, comment='相对乡镇文件夹的路径。Path inside the township folder.'),
    sa.Column('sha256', sa.String(length=64), nullable=False, comment='文件内容 SHA-256；存档于 archive/<前两位>/<sha256>。'),
    sa.Column('size', sa.BigInteger(), nullable=False, comment='文件字节数。File size in bytes.'),
    sa.Column('mtime_ns', sa.BigInteger(), nullable=True, comment='文件修改时间（纳秒）。File mtime, ns.'),
    sa.Column('rows_read', sa.Integer(), nullable=False, comment="读取的数据行。Data rows read (this kind's sheets)."),
    sa.Column('rows_loaded', sa.Integer(), nullable=False, comment='入库行。Rows loaded.'),
    sa.Column('rows_rejected', sa.Integer(), nullable=False, comment='拒收行。Rows rejected (ingest rules or load).'),
    sa.Column('rows_skipped', sa.Integer(), nullable=False, comment='跳过行（空行、合计等）。Rows skipped.'),
    sa.Column('received_at', sa.DateTime(), nullable=False, comment='入库时间（UTC）。When the warehouse received it.'),
    sa.Column('is_current', sa.Boolean(), nullable=False, comment="是否为当前文件版本。In the township's current state."),
    sa.Column('superseded_at', sa.DateTime(), nullable=True, comment='被替换或移除的时间（UTC）。When replaced or removed.'),
    sa.PrimaryKeyConstraint('manifest_id', name=op.f('pk_etl_manifest')),
    comment='来源文件清单：每个文件版本、每种记录一行。One row per file version and record kind.'
    )
    op.create_index(op.f('ix_etl_manifest_sha256'), 'etl_manifest', ['sha256'], unique=False)
    op.create_index(op.f('ix_etl_manifest_township_key_kind_is_current'), 'etl_manifest', ['township_key', 'kind', 'is_current'], unique=False)
    op.create_table('etl_township_state',
    sa.Column('township_key', sa.String(length=200), nullable=False, comment='乡镇键。Township key <district>/<township>.'),
    sa.Column('fingerprint', sa.String(length=64), nullable=False, comment='最近一次完整入库的文件夹指纹。Folder fingerprint.'),
    sa.Column('loaded_at', sa.DateTime(), nullable=False, comment='入库时间（UTC）。When it was loaded.'),
    sa.PrimaryKeyConstraint('township_key', name=op.f('pk_etl_township_state')),
    comment='传感器游标：每个乡镇最近一次完整入库的指纹。Sensor cursor per township.'
    )
    op.create_table('etl_view_definition',
    sa.Column('view_name', sa.String(length=100), nullable=False, comment='视图名。View name.'),
    sa.Column('sql_sha256', sa.String(length=64), nullable=False, comment="视图 SQL 的 SHA-256。sha256 of the view's SQL."),
    sa.PrimaryKeyConstraint('view_name', name=op.f('pk_etl_view_definition')),
    comment='已创建视图的定义指纹，定义变化时重建。Fingerprints of created views.'
    )
    op.create_table('fact_evaluation',
    sa.Column('record_id', sa.Integer(), nullable=False, comment='来源记录号（rec_ 表）。Source record id.'),
    sa.Column('district', sa.String(length=100), nullable=False, comment='区县（上级文件夹）。District folder.'),
    sa.Column('township', sa.String(length=100), nullable=False, comment='乡镇/街道（文件夹）。Township or street office folder.'),
    sa.Column('file_sha256', sa.String(length=64), nullable=False, comment='来源文件 SHA-256。sha256 of the source file version.'),
    sa.Column('sheet', sa.String(length=200), nullable=False, comment='来源工作表。Sheet name (a CSV file is one sheet).'),
    sa.Column('source_row', sa.Integer(), nullable=False, comment='来源 Excel 行号。Excel row number in the sheet.'),
    sa.Column('year', sa.Integer(), nullable=False, comment='年度。Evaluation year.'),
    sa.Column('quarter', sa.Integer(), nullable=False, comment='季度，1–4。Quarter of the year.'),
    sa.Column('mentor_key', sa.String(length=64), nullable=False, comment="HMAC-SHA256 键（由身份证号计算）：导师身份证号。Mentor's ID number, restricted."),
    sa.Column('mentee_key', sa.String(length=64), nullable=False, comment="HMAC-SHA256 键（由身份证号计算）：培养对象身份证号。Mentee's ID number, restricted."),
    sa.Column('result', sa.Text(), nullable=False, comment='测评结果：优秀 / 合格 / 基本合格 / 不合格。Evaluation result.'),
    sa.Column('programme', sa.Text(), nullable=True, comment='项目（选填），用于区分同一对人的不同项目。Programme, optional.'),
    sa.Column('mentor_name', sa.Text(), nullable=True, comment="导师姓名（选填）。Mentor's name, optional."),
    sa.Column('mentee_name', sa.Text(), nullable=True, comment="培养对象姓名（选填）。Mentee's name, optional."),
    sa.PrimaryKeyConstraint('record_id', name=op.f('pk_fact_evaluation')),
    comment='evaluations 当前事实，按干部键关联 dim_cadre。Current facts by cadre key.'
    )
    op.create_index(op.f('ix_fact_evaluation_mentee_key'), 'fact_evaluation', ['mentee_key'], unique=False)
    op.create_index(op.f('ix_fact_evaluation_mentor_key'), 'fact_evaluation', ['mentor_key'], unique=False)
    op.create_table('fact_pairing',
    sa.Column('record_id', sa.Integer(), nullable=False, comment='来源记录号（rec_ 表）。Source record id.'),
    sa.Column('district', sa.String(length=100), nullable=False, comment='区县（上级文件夹）。District folder.'),
    sa.Column('township', sa.String(length=100), nullable=False, comment='乡镇/街道（文件夹）。Township or street office folder.'),
    sa.Column('file_sha256', sa.String(length=64), nullable=False, comment='来源文件 SHA-256。sha256 of the source file version.'),
    sa.Column('sheet', sa.String(length=200), nullable=False, comment='来源工作表。Sheet name (a CSV file is one sheet).'),
    sa.Column('source_row', sa.Integer(), nullable=False, comment='来源 Excel 行号。Excel row number in the sheet.'),
    sa.Column('programme', sa.Text(), nullable=False, comment='项目：导师引航 / 以新促老 / 挂职锻炼。Programme.'),
    sa.Column('mentor_name', sa.Text(), nullable=False, comment="导师姓名。Mentor's name."),
    sa.Column('mentor_key', sa.String(length=64), nullable=True, comment="HMAC-SHA256 键（由身份证号计算）：导师身份证号；可空，按姓名在本乡镇花名册中唯一匹配补全。Mentor's ID number, restricted."),
    sa.Column('mentee_name', sa.Text(), nullable=False, comment="培养对象姓名。Mentee's name."),
    sa.Column('mentee_key', sa.String(length=64), nullable=True, comment="HMAC-SHA256 键（由身份证号计算）：培养对象身份证号；可空，按姓名补全。Mentee's ID number, restricted."),
    sa.Column('pairing_method', sa.Text(), nullable=False, comment='结对方式：双向选择 / 组织指定。How the pair was formed.'),
    sa.Column('start_date', sa.Date(), nullable=False, comment='结对日期。Date the pair was formed.'),
    sa.Column('end_date', sa.Date(), nullable=True, comment='结束日期，可空。Date the pairing ended.'),
    sa.Column('batch', sa.Integer(), nullable=True, comment='批次，挂职锻炼必填。Secondment batch, for 挂职锻炼.'),
    sa.PrimaryKeyConstraint('record_id', name=op.f('pk_fact_pairing')),
    comment='pairings 当前事实，按干部键关联 dim_cadre。Current facts by cadre key.'
    )
    op.create_index(op.f('ix_fact_pairing_mentee_key'), 'fact_pairing', ['mentee_key'], unique=False)
    op.create_index(op.f('ix_fact_pairing_mentor_key'), 'fact_pairing', ['mentor_key'], unique=False)
    op.create_table('fact_training',
    sa.Column('record_id', sa.Integer(), nullable=False, comment='来源记录号（rec_ 表）。Source record id.'),
    sa.Column('district', sa.String(length=100), nullable=False, comment='区县（上级文件夹）。District folder.'),
    sa.Column('township', sa.String(length=100), nullable=False, comment='乡镇/街道（文件夹）。Township or street office folder.'),
    sa.Column('file_sha256', sa.String(length=64), nullable=False, comment='来源文件 SHA-256。sha256 of the source file version.'),
    sa.Column('sheet', sa.String(length=200), nullable=False, comment='来源工作表。Sheet name (a CSV file is one sheet).'),
    sa.Column('source_row', sa.Integer(), nullable=False, comment='来源 Excel 行号。Excel row number in the sheet.'),
    sa.Column('training_date', sa.Date(), nullable=False, comment='培训日期。Date of the session.'),
    sa.Column('training_type', sa.Text(), nullable=False, comment='培训类型：干部夜校 / 交流研讨会 / 轮训 / 理论宣讲 / 其他。Kind of session.'),
    sa.Column('topic', sa.Text(), nullable=False, comment='主题。Topic of the session.'),
    sa.Column('trainer', sa.Text(), nullable=False, comment="主讲人姓名。Trainer's name; a young cadre may be the trainer."),
    sa.Column('attendee_name', sa.Text(), nullable=False, comment="学员姓名。Attendee's name."),
    sa.Column('attendee_key', sa.String(length=64), nullable=True, comment="HMAC-SHA256 键（由身份证号计算）：学员身份证号；可空，按姓名补全。Attendee's ID number, restricted."),
    sa.Column('hours', sa.Float(), nullable=False, comment='学时，0 < 学时 ≤ 24。Hours credited.'),
    sa.Column('attendance', sa.Text(), nullable=False, comment='出勤：出勤 / 缺勤 / 请假。Attendance.'),
    sa.PrimaryKeyConstraint('record_id', name=op.f('pk_fact_training')),
    comment='trainings 当前事实，按干部键关联 dim_cadre。Current facts by cadre key.'
    )
    op.create_index(op.f('ix_fact_training_attendee_key'), 'fact_training', ['attendee_key'], unique=False)
    op.create_table('ref_vocabulary',
    sa.Column('vocabulary', sa.String(length=50), nullable=False, comment='词表名。Vocabulary name.'),
    sa.Column('value', sa.String(length=100), nullable=False, comment='取值。Value.'),
    sa.Column('label', sa.String(length=100), nullable=True, comment='说明或映射。Label or mapped value.'),
    sa.Column('position', sa.Integer(), nullable=False, comment='顺序。Order in the vocabulary.'),
    sa.PrimaryKeyConstraint('vocabulary', 'value', name=op.f('pk_ref_vocabulary')),
    comment='参考词表（来自 schemas/vocabularies.yaml），供视图使用。Reference vocabularies used by views.'
    )
    op.create_table('etl_rejected_row',
    sa.Column('rejected_id', sa.Integer(), nullable=False, comment='行号。Row id.'),
    sa.Column('manifest_id', sa.Integer(), nullable=False, comment='清单行。Manifest row.'),
    sa.Column('district', sa.String(length=100), nullable=False, comment='区县（上级文件夹）。District folder.'),
    sa.Column('township', sa.String(length=100), nullable=False, comment='乡镇/街道（文件夹）。Township or street office folder.'),
    sa.Column('kind', sa.String(length=20), nullable=False, comment='记录类别。Record kind.'),
    sa.Column('path', sa.Text(), nullable=False, comment='文件路径。File path as read.'),
    sa.Column('file_sha256', sa.String(length=64), nullable=False, comment='文件 SHA-256。sha256 of the file version.'),
    sa.Column('sheet', sa.String(length=200), nullable=True, comment='工作表；文件级错误为空。Sheet, NULL for file-level errors.'),
    sa.Column('source_row', sa.Integer(), nullable=True, comment='Excel 行号；文件级为空。Excel row, NULL for the file.'),
    sa.Column('column_name', sa.Text(), nullable=True, comment='列名。Column as written in the file.'),
    sa.Column('value', sa.Text(), nullable=True, comment='单元格值（身份证号已脱敏）。Cell value, ID numbers masked.'),
    sa.Column('rule', sa.String(length=100), nullable=False, comment='规则编号。Stable rule id.'),
    sa.Column('severity', sa.String(length=10), nullable=False, comment='error 拒收该行；warning 仅提示。error rejects the row.'),
    sa.Column('reason_zh', sa.Text(), nullable=False, comment='原因（中文）。Reason for the office.'),
    sa.Column('reason_en', sa.Text(), nullable=False, comment='原因（英文）。Reason for engineers.'),
    sa.Column('stage', sa.String(length=10), nullable=False, comment='ingest（校验）或 load（入库时无法关联）。Where it was found.'),
    sa.ForeignKeyConstraint(['manifest_id'], ['etl_manifest.manifest_id'], name=op.f('fk_etl_rejected_row_manifest_id_etl_manifest')),
    sa.PrimaryKeyConstraint('rejected_id', name=op.f('pk_etl_rejected_row')),
    comment='拒收行与问题：校验错误、警告、文件级错误、入库时无法关联的引用。Problems and rejected rows.'
    )
    op.create_index(op.f('ix_etl_rejected_row_manifest_id'), 'etl_rejected_row', ['manifest_id'], unique=False)
    op.create_table('rec_cadre',
    sa.Column('record_id', sa.Integer(), nullable=False, comment='记录号。Record id.'),
    sa.Column('manifest_id', sa.Integer(), nullable=False, comment='清单行。Manifest row.'),
    sa.Column('district', sa.String(length=100), nullable=False, comment='区县（上级文件夹）。District folder.'),
    sa.Column('township', sa.String(length=100), nullable=False, comment='乡镇/街道（文件夹）。Township or street office folder.'),
    sa.Column('file_sha256', sa.String(length=64), nullable=False, comment='来源文件 SHA-256。sha256 of the source file version.'),
    sa.Column('sheet', sa.String(length=200), nullable=False, comment='来源工作表。Sheet name (a CSV file is one sheet).'),
    sa.Column('source_row', sa.Integer(), nullable=False, comment='来源 Excel 行号。Excel row number in the sheet.'),
    sa.Column('name', sa.Text(), nullable=False, comment='姓名。Full name, spaces removed; the · of minority names kept.'),
    sa.Column('gender', sa.Text(), nullable=False, comment='性别：男 / 女。Gender; must agree with the ID number.'),
    sa.Column('ethnicity', sa.Text(), nullable=False, comment='民族（GB/T 3304 的 56 个民族）。Ethnic group.'),
    sa.Column('birth_date', sa.Date(), nullable=False, comment='出生年月，精确到月（日记为 1 日）。Birth month; must agree with the ID number.'),
    sa.Column('cadre_key', sa.String(length=64), nullable=False, comment='HMAC-SHA256 键（由身份证号计算）：居民身份证号码，18 位。National ID number; restricted, never shown to analysts unmasked.'),
    sa.Column('id_masked', sa.String(length=24), nullable=False, comment='脱敏身份证号：居民身份证号码，18 位。National ID number; restricted, never shown to analysts unmasked.'),
    sa.Column('political_status', sa.Text(), nullable=False, comment='政治面貌（GB/T 4762）。Political status.'),
    sa.Column('party_join_date', sa.Date(), nullable=True, comment='入党时间，仅中共党员和预备党员填写。Date of joining the Party, members only.'),
    sa.Column('education', sa.Text(), nullable=False, comment='学历（GB/T 4658 粗分级）。Education level, coarse.'),
    sa.Column('work_start_date', sa.Date(), nullable=False, comment='参加工作时间。Month the cadre started work; for 选调生 also the placement date.'),
    sa.Column('unit', sa.Text(), nullable=False, comment='工作单位。Work unit: office, village or community.'),
    sa.Column('post', sa.Text(), nullable=False, comment='职务。Post held, e.g. 人大主席, 组织干事.'),
    sa.Column('rank', sa.Text(), nullable=True, comment='职级，如 正科级 / 副科级 / 科员。Civil-service rank.'),
    sa.Column('category', sa.Text(), nullable=False, comment='干部类别：班子成员 / 一般干部 / 村社干部 / 选调生。Cadre category.'),
    sa.Column('party_application_date', sa.Date(), nullable=True, comment='递交入党申请书时间（选填）。Date a non-member applied to join the Party, optional.'),
    sa.ForeignKeyConstraint(['manifest_id'], ['etl_manifest.manifest_id'], name=op.f('fk_rec_cadre_manifest_id_etl_manifest')),
    sa.PrimaryKeyConstraint('record_id', name=op.f('pk_rec_cadre')),
    comment='cadres 原始记录（所有版本，当前版本见 etl_manifest.is_current）。Every accepted row ever received.'
    )
    op.create_index(op.f('ix_rec_cadre_manifest_id'), 'rec_cadre', ['manifest_id'], unique=False)
    op.create_table('rec_evaluation',
    sa.Column('record_id', sa.Integer(), nullable=False, comment='记录号。Record id.'),
    sa.Column('manifest_id', sa.Integer(), nullable=False, comment='清单行。Manifest row.'),
    sa.Column('district', sa.String(length=100), nullable=False, comment='区县（上级文件夹）。District folder.'),
    sa.Column('township', sa.String(length=100), nullable=False, comment='乡镇/街道（文件夹）。Township or street office folder.'),
    sa.Column('file_sha256', sa.String(length=64), nullable=False, comment='来源文件 SHA-256。sha256 of the source file version.'),
    sa.Column('sheet', sa.String(length=200), nullable=False, comment='来源工作表。Sheet name (a CSV file is one sheet).'),
    sa.Column('source_row', sa.Integer(), nullable=False, comment='来源 Excel 行号。Excel row number in the sheet.'),
    sa.Column('year', sa.Integer(), nullable=False, comment='年度。Evaluation year.'),
    sa.Column('quarter', sa.Integer(), nullable=False, comment='季度，1–4。Quarter of the year.'),
    sa.Column('mentor_key', sa.String(length=64), nullable=False, comment="HMAC-SHA256 键（由身份证号计算）：导师身份证号。Mentor's ID number, restricted."),
    sa.Column('mentor_id_masked', sa.String(length=24), nullable=False, comment="脱敏身份证号：导师身份证号。Mentor's ID number, restricted."),
    sa.Column('mentee_key', sa.String(length=64), nullable=False, comment="HMAC-SHA256 键（由身份证号计算）：培养对象身份证号。Mentee's ID number, restricted."),
    sa.Column('mentee_id_masked', sa.String(length=24), nullable=False, comment="脱敏身份证号：培养对象身份证号。Mentee's ID number, restricted."),
    sa.Column('result', sa.Text(), nullable=False, comment='测评结果：优秀 / 合格 / 基本合格 / 不合格。Evaluation result.'),
    sa.Column('programme', sa.Text(), nullable=True, comment='项目（选填），用于区分同一对人的不同项目。Programme, optional.'),
    sa.Column('mentor_name', sa.Text(), nullable=True, comment="导师姓名（选填）。Mentor's name, optional."),
    sa.Column('mentee_name', sa.Text(), nullable=True, comment="培养对象姓名（选填）。Mentee's name, optional."),
    sa.ForeignKeyConstraint(['manifest_id'], ['etl_manifest.manifest_id'], name=op.f('fk_rec_evaluation_manifest_id_etl_manifest')),
    sa.PrimaryKeyConstraint('record_id', name=op.f('pk_rec_evaluation')),
    comment='evaluations 原始记录（所有版本，当前版本见 etl_manifest.is_current）。Every accepted row ever received.'
    )
    op.create_index(op.f('ix_rec_evaluation_manifest_id'), 'rec_evaluation', ['manifest_id'], unique=False)
    op.create_table('rec_pairing',
    sa.Column('record_id', sa.Integer(), nullable=False, comment='记录号。Record id.'),
    sa.Column('manifest_id', sa.Integer(), nullable=False, comment='清单行。Manifest row.'),
    sa.Column('district', sa.String(length=100), nullable=False, comment='区县（上级文件夹）。District folder.'),
    sa.Column('township', sa.String(length=100), nullable=False, comment='乡镇/街道（文件夹）。Township or street office folder.'),
    sa.Column('file_sha256', sa.String(length=64), nullable=False, comment='来源文件 SHA-256。sha256 of the source file version.'),
    sa.Column('sheet', sa.String(length=200), nullable=False, comment='来源工作表。Sheet name (a CSV file is one sheet).'),
    sa.Column('source_row', sa.Integer(), nullable=False, comment='来源 Excel 行号。Excel row number in the sheet.'),
    sa.Column('programme', sa.Text(), nullable=False, comment='项目：导师引航 / 以新促老 / 挂职锻炼。Programme.'),
    sa.Column('mentor_name', sa.Text(), nullable=False, comment="导师姓名。Mentor's name."),
    sa.Column('mentor_key', sa.String(length=64), nullable=True, comment="HMAC-SHA256 键（由身份证号计算）：导师身份证号；可空，按姓名在本乡镇花名册中唯一匹配补全。Mentor's ID number, restricted."),
    sa.Column('mentor_id_masked', sa.String(length=24), nullable=True, comment="脱敏身份证号：导师身份证号；可空，按姓名在本乡镇花名册中唯一匹配补全。Mentor's ID number, restricted."),
    sa.Column('mentee_name', sa.Text(), nullable=False, comment="培养对象姓名。Mentee's name."),
    sa.Column('mentee_key', sa.String(length=64), nullable=True, comment="HMAC-SHA256 键（由身份证号计算）：培养对象身份证号；可空，按姓名补全。Mentee's ID number, restricted."),
    sa.Column('mentee_id_masked', sa.String(length=24), nullable=True, comment="脱敏身份证号：培养对象身份证号；可空，按姓名补全。Mentee's ID number, restricted."),
    sa.Column('pairing_method', sa.Text(), nullable=False, comment='结对方式：双向选择 / 组织指定。How the pair was formed.'),
    sa.Column('start_date', sa.Date(), nullable=False, comment='结对日期。Date the pair was formed.'),
    sa.Column('end_date', sa.Date(), nullable=True, comment='结束日期，可空。Date the pairing ended.'),
    sa.Column('batch', sa.Integer(), nullable=True, comment='批次，挂职锻炼必填。Secondment batch, for 挂职锻炼.'),
    sa.ForeignKeyConstraint(['manifest_id'], ['etl_manifest.manifest_id'], name=op.f('fk_rec_pairing_manifest_id_etl_manifest')),
    sa.PrimaryKeyConstraint('record_id', name=op.f('pk_rec_pairing')),
    comment='pairings 原始记录（所有版本，当前版本见 etl_manifest.is_current）。Every accepted row ever received.'
    )
    op.create_index(op.f('ix_rec_pairing_manifest_id'), 'rec_pairing', ['manifest_id'], unique=False)
    op.create_table('rec_training',
    sa.Column('record_id', sa.Integer(), nullable=False, comment='记录号。Record id.'),
    sa.Column('manifest_id', sa.Integer(), nullable=False, comment='清单行。Manifest row.'),
    sa.Column('district', sa.String(length=100), nullable=False, comment='区县（上级文件夹）。District folder.'),
    sa.Column('township', sa.String(length=100), nullable=False, comment='乡镇/街道（文件夹）。Township or street office folder.'),
    sa.Column('file_sha256', sa.String(length=64), nullable=False, comment='来源文件 SHA-256。sha256 of the source file version.'),
    sa.Column('sheet', sa.String(length=200), nullable=False, comment='来源工作表。Sheet name (a CSV file is one sheet).'),
    sa.Column('source_row', sa.Integer(), nullable=False, comment='来源 Excel 行号。Excel row number in the sheet.'),
    sa.Column('training_date', sa.Date(), nullable=False, comment='培训日期。Date of the session.'),
    sa.Column('training_type', sa.Text(), nullable=False, comment='培训类型：干部夜校 / 交流研讨会 / 轮训 / 理论宣讲 / 其他。Kind of session.'),
    sa.Column('topic', sa.Text(), nullable=False, comment='主题。Topic of the session.'),
    sa.Column('trainer', sa.Text(), nullable=False, comment="主讲人姓名。Trainer's name; a young cadre may be the trainer."),
    sa.Column('attendee_name', sa.Text(), nullable=False, comment="学员姓名。Attendee's name."),
    sa.Column('attendee_key', sa.String(length=64), nullable=True, comment="HMAC-SHA256 键（由身份证号计算）：学员身份证号；可空，按姓名补全。Attendee's ID number, restricted."),
    sa.Column('attendee_id_masked', sa.String(length=24), nullable=True, comment="脱敏身份证号：学员身份证号；可空，按姓名补全。Attendee's ID number, restricted."),
    sa.Column('hours', sa.Float(), nullable=False, comment='学时，0 < 学时 ≤ 24。Hours credited.'),
    sa.Column('attendance', sa.Text(), nullable=False, comment='出勤：出勤 / 缺勤 / 请假。Attendance.'),
    sa.ForeignKeyConstraint(['manifest_id'], ['etl_manifest.manifest_id'], name=op.f('fk_rec_training_manifest_id_etl_manifest')),
    sa.PrimaryKeyConstraint('record_id', name=op.f('pk_rec_training')),
    comment='trainings 原始记录（所有版本，当前版本见 etl_manifest.is_current）。Every accepted row ever received.'
    )
    op.create_index(op.f('ix_rec_training_manifest_id'), 'rec_training', ['manifest_id'], unique=False)


def _downgrade_analyst() -> None:
    op.drop_index(op.f('ix_rec_training_manifest_id'), table_name='rec_training')
    op.drop_table('rec_training')
    op.drop_index(op.f('ix_rec_pairing_manifest_id'), table_name='rec_pairing')
    op.drop_table('rec_pairing')
    op.drop_index(op.f('ix_rec_evaluation_manifest_id'), table_name='rec_evaluation')
    op.drop_table('rec_evaluation')
    op.drop_index(op.f('ix_rec_cadre_manifest_id'), table_name='rec_cadre')
    op.drop_table('rec_cadre')
    op.drop_index(op.f('ix_etl_rejected_row_manifest_id'), table_name='etl_rejected_row')
    op.drop_table('etl_rejected_row')
    op.drop_table('ref_vocabulary')
    op.drop_index(op.f('ix_fact_training_attendee_key'), table_name='fact_training')
    op.drop_table('fact_training')
    op.drop_index(op.f('ix_fact_pairing_mentor_key'), table_name='fact_pairing')
    op.drop_index(op.f('ix_fact_pairing_mentee_key'), table_name='fact_pairing')
    op.drop_table('fact_pairing')
    op.drop_index(op.f('ix_fact_evaluation_mentor_key'), table_name='fact_evaluation')
    op.drop_index(op.f('ix_fact_evaluation_mentee_key'), table_name='fact_evaluation')
    op.drop_table('fact_evaluation')
    op.drop_table('etl_view_definition')
    op.drop_table('etl_township_state')
    op.drop_index(op.f('ix_etl_manifest_township_key_kind_is_current'), table_name='etl_manifest')
    op.drop_index(op.f('ix_etl_manifest_sha256'), table_name='etl_manifest')
    op.drop_table('etl_manifest')
    op.drop_index(op.f('ix_etl_conflict_cadre_key'), table_name='etl_conflict')
    op.drop_table('etl_conflict')
    op.drop_table('dim_township')
    op.drop_index(op.f('ix_dim_cadre_cadre_key_is_current'), table_name='dim_cadre')
    op.drop_table('dim_cadre')


def _upgrade_restricted() -> None:
    op.create_table('cadre_identity',
    sa.Column('cadre_key', sa.String(length=64), nullable=False, comment='干部键。Cadre key (HMAC-SHA256).'),
    sa.Column('id_number', sa.String(length=18), nullable=False, comment='身份证号（受限）。Raw ID number, restricted.'),
    sa.Column('first_seen_at', sa.DateTime(), nullable=False, comment='首次见到的时间（UTC）。First seen.'),
    sa.PrimaryKeyConstraint('cadre_key', name=op.f('pk_cadre_identity')),
    comment='受限：干部键与身份证号的对应。Restricted: cadre key to raw ID number.'
    )


def _downgrade_restricted() -> None:
    op.drop_table('cadre_identity')
